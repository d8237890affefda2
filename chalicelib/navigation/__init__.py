"""renran's header and footer navigation: staff-managed links in two levels, cached in Redis, read as bare lists."""
