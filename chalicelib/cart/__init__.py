"""Cart in Redis: a hash of sku → count plus a set of selected skus, per user or per anonymous cart id."""
