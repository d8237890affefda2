"""Articles: drafts, the publish toggle, timed publishing, and how an article is shown."""
