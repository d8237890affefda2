"""The request counters, kept in devstack/counting.py so the benchmark can use them without importing tests."""

from devstack.counting import DynamoDBCalls, RedisCalls, count_dynamodb, count_redis

__all__ = ["DynamoDBCalls", "RedisCalls", "count_dynamodb", "count_redis"]
