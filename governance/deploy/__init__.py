"""Shipping compiled roles: CloudFormation and Terraform exporters, and a boto3 plan / apply
that owns only the roles and policies it tagged under its paths."""
