"""A whole pack: build one profile's documents and handbook into an
organisation's folder, atomically, with a manifest; and batches of profiles."""
