"""Administrative areas (GB/T 2260): provinces, cities, districts."""
