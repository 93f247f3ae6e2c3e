from kgtool.cli import entrypoint

entrypoint()
