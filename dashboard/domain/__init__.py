"""Domain logic without I/O: target status and projection, plan assessment, screening cascade, map classes."""
