"""Images in the media bucket: presigned uploads by users, keys bound to their owner."""
