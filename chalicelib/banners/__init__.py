"""Home page banners: cached in Redis under the seed's key, written by staff, refreshed on a schedule."""
