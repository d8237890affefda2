"""Collections (renran's 文集): each user's named groups of their articles; every article is in one."""
