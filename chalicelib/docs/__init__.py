"""The docs page for people: Swagger UI on the API's own OpenAPI document, served by the API itself."""
