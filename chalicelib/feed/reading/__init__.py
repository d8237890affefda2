"""Reading: the home feed, the timeline and its sync, hot articles, and what the home feed has shown."""
