"""The demo account: moto plus fake handlers for what moto lacks. Demo and tests only."""
