"""The Flask app that serves the map and the reader, and the server that runs it."""
