"""Writes the hostile weights files of HostileModelTest (needs h5py; Debian: python3-h5py).

huge_weights.h5       Dense 100000 -> 100000: its kernel dataset claims 1e10 float32 values
                      (chunked, no chunk ever written: the file stays small)
gzip_bomb_weights.h5  Dense 8192 -> 8192: its kernel is 256 MiB of zeros in gzip-9 chunks,
                      about 1000:1, so a file of a few hundred KB expands to 256 MiB
inflate_bomb_weights.h5  Dense 32 -> 32: its kernel is one chunk of 4 KiB as declared, but the
                      gzip stream stored for it inflates to 512 MiB
"""
import zlib
import h5py
import numpy as np


def weights_file(path, n_in, n_out, fill):
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [b"dense_1"]
        f.attrs["keras_version"] = b"1.2.2"
        g = f.create_group("dense_1")
        g.attrs["weight_names"] = [b"dense_1_W", b"dense_1_b"]
        fill(g.create_dataset("dense_1_W", shape=(n_in, n_out), dtype="float32",
                              chunks=(min(n_in, 1024), n_out if n_out <= 8192 else 1024),
                              compression="gzip", compression_opts=9))
        g.create_dataset("dense_1_b", shape=(n_out,), dtype="float32", chunks=(min(n_out, 4096),),
                         compression="gzip")


def nothing(ds):
    pass


def zeros(ds):
    block = np.zeros(ds.chunks, dtype="float32")
    for r in range(0, ds.shape[0], ds.chunks[0]):
        ds[r:r + ds.chunks[0], :] = block


def bomb(ds):
    ds.id.write_direct_chunk((0, 0), zlib.compress(bytes(512 << 20), 9))


weights_file("huge_weights.h5", 100000, 100000, nothing)
weights_file("inflate_bomb_weights.h5", 32, 32, bomb)
weights_file("gzip_bomb_weights.h5", 8192, 8192, zeros)
