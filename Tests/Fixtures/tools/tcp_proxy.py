#!/usr/bin/env python3
"""A TCP forwarder for the fault drills: the link between a slave and the master. Kill it to cut the link, start it again to restore.

    tcp_proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT [ANSWER_DELAY_MS]
        0 picks a free port; prints "proxying <port>" once it listens. With ANSWER_DELAY_MS, every byte from the target reaches
        the client that much later (a slow way back: the master has acted on a request well before its answer arrives).
"""
import asyncio
import sys


async def pipe(reader, writer, delay=0.0):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while (item := await queue.get()) is not None:
            due, data = item
            await asyncio.sleep(max(0.0, due - loop.time()))
            writer.write(data)
            await writer.drain()

    delivery = asyncio.create_task(deliver())
    try:
        while data := await reader.read(65536):
            await queue.put((loop.time() + delay, data))
        await queue.put(None)
        await delivery
    except (ConnectionError, asyncio.CancelledError):
        delivery.cancel()
    finally:
        writer.close()


async def main(listen_port, host, port, delay):
    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer, delay), return_exceptions=True)

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port, reuse_address=True)
    print(f"proxying {server.sockets[0].getsockname()[1]}", file=sys.stderr, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    delay_ms = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), delay_ms / 1000))
