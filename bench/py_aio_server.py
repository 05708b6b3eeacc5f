"""CPython's asyncio TLS server for bench/asyncio.sh: the protocol of `pyssl-aio-bench
server` (read each connection to its end, then close with close_notify), ECDSA P-256,
TLS 1.3, one event loop. Writes its kernel-chosen port to PORT_FILE; runs until killed.

    python3 bench/py_aio_server.py PORT_FILE
"""
import asyncio
import os
import ssl
import sys

CERTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "certs")


async def handle(reader, writer):
    try:
        while await reader.read(256 * 1024):
            pass
    except (ssl.SSLError, OSError):
        pass
    writer.close()
    try:
        await writer.wait_closed()
    except (ssl.SSLError, OSError):
        pass


async def main(port_file):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(CERTS, "server-ecdsa.pem"), os.path.join(CERTS, "server-ecdsa.key"))
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ctx, backlog=512)
    with open(port_file, "w") as f:
        f.write("%d\n" % server.sockets[0].getsockname()[1])
    async with server:
        await server.serve_forever()


asyncio.run(main(sys.argv[1]))
