"""Deployment: the template pieces Chalice does not make, and the tools that finish its package."""
