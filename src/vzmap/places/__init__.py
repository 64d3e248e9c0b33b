"""The places file: its contract, validation, hand edits, merge and safe writes."""
