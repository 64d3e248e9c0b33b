"""Articles and their text: reading files, sentences, tokens and the one fold."""
