"""The course catalogue (luffy): categories and the paged list of courses with teacher and sections."""
