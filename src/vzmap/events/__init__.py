"""What happened at a place: the event taxonomy and the classifier."""
