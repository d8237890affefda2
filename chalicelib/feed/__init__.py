"""The social feed (seed: renran): follows, articles, timed publishing, push/pull fan-out, timelines."""
