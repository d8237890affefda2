"""Payments through Alipay: orders (meiduo) and rewards (renran), notifications applied exactly once."""
