"""Column types shared by the sampler and the bulk writer (NumPy only)."""

import numpy as np


class Categorical:
    """A text column with few distinct values, as codes into ``categories``: cheap to encode."""

    def __init__(self, codes, categories):
        self.codes = np.asarray(codes, dtype=np.int64)
        self.categories = list(categories)

    def __len__(self):
        return len(self.codes)

    def __getitem__(self, rows):
        return Categorical(self.codes[rows], self.categories)

    def tolist(self):
        return np.array(self.categories, dtype=object)[self.codes].tolist()
