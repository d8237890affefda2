"""devstack's free ports: bindable, distinct, and outside the range the kernel gives outgoing connections."""

from __future__ import annotations

import socket

from devstack.redis_server import HOST, _ephemeral_start, free_port


def test_free_ports_are_distinct_bindable_and_below_the_ephemeral_range() -> None:
    ports = [free_port() for _ in range(20)]
    assert len(set(ports)) == len(ports)
    # A client connecting meanwhile is given a port from the ephemeral range, so it can never take one of these.
    assert all(10000 <= port < _ephemeral_start() for port in ports)
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, port))
