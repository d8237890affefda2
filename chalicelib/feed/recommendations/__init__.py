"""Recommendations: the behaviour log (read, like, comment, reward) and the seed's item-based CF over it."""
