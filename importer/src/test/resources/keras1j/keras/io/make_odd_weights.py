# Writes odd_weights.h5, a Keras 1 save_weights()-layout file exercising what real files may hold
# beyond the fixtures: a 512-byte user block, fixed-length and variable-length string attributes,
# weight names with '/' (nested groups), float64/float16/integer/scalar/empty datasets.
# Run with h5py (any version): python3 make_odd_weights.py
import h5py
import numpy as np

with h5py.File('odd_weights.h5', 'w', userblock_size=512) as f:
    f.attrs['keras_version'] = '1.2.2'  # variable-length string
    f.attrs['layer_names'] = np.array([b'dense_1', b'flatten_1', b'vlen_1', b'block_1'])  # fixed-length
    g = f.create_group('dense_1')
    g.attrs['weight_names'] = np.array([b'dense_1/W:0', b'half', b'ints', b'uints', b'scalar', b'empty'])
    g.create_dataset('dense_1/W:0', data=np.arange(6, dtype='f8').reshape(2, 3) + 0.5)
    g.create_dataset('half', data=np.array([1.5, -2.25], dtype='f2'))
    g.create_dataset('ints', data=np.array([[1, -2], [3, 4]], dtype='i8'))
    g.create_dataset('uints', data=np.array([0, 255], dtype='u1'))
    g.create_dataset('scalar', data=np.float32(2.5))
    g.create_dataset('empty', data=np.zeros((0, 3), dtype='f4'))
    g = f.create_group('flatten_1')
    g.attrs['weight_names'] = np.array([], dtype='f8')  # what Keras 1 writes for a weightless layer
    g = f.create_group('vlen_1')
    g.attrs['weight_names'] = ['vlen_1_W:0']  # variable-length strings
    g.create_dataset('vlen_1_W:0', data=np.array([[1, 2, 3]], dtype='f4'))
    g = f.create_group('block_1')
    g.attrs['weight_names'] = np.array([b'block_1/conv/kernel:0'])
    g.create_dataset('block_1/conv/kernel:0', data=np.full((1, 1, 2), 7, dtype='f4'))
