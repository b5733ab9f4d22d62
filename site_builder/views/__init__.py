"""View objects for the model pages and the dashboard: cards joined with monitoring snapshots.

Templates get only these plain objects (strings, numbers, Markup), never governance types.
"""
