"""Distances between places, as the crow flies (plain NumPy, no ORM)."""

import numpy as np

EARTH_RADIUS_KM = 6371.0


def distance_matrix_km(latitudes, longitudes):
    """Great-circle distance in km between every pair of points (haversine)."""
    lat = np.radians(np.asarray(latitudes, dtype=np.float64))
    lon = np.radians(np.asarray(longitudes, dtype=np.float64))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_km(a, b):
    """Distance in km between two (latitude, longitude) pairs."""
    return float(distance_matrix_km([a[0], b[0]], [a[1], b[1]])[0, 1])
