"""Monitoring: the boto3 collector, the snapshot file and the statuses derived from it."""
