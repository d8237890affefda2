"""Search: SKUs and articles through the OpenSearch API, the index fed by the tables' DynamoDB Streams."""
