"""Downloading a year's CBS 'gebiedsindelingen' from PDOK's OGC API Features (no ORM).

The API serves every year in one collection per kind of area; ``jaarcode``
picks the year and the answer is GeoJSON in WGS84 longitude/latitude (CRS84,
the API's default), in pages linked by rel="next".
"""

import socket
import urllib.error
import urllib.request
from urllib.parse import urlencode, urljoin, urlsplit

from django.utils.translation import gettext as _

from .boundaries import MUNICIPALITY, REGION, BoundaryFileError, parse_json, read_collection

COLLECTIONS = {MUNICIPALITY: "gemeente_gegeneraliseerd", REGION: "arbeidsmarktregio_gegeneraliseerd"}
PAGE_SIZE = 1000
# 342 municipalities fit in one page; this only stops a server that keeps linking onwards.
MAX_PAGES = 20
TIMEOUT_SECONDS = 60


class DownloadFailed(Exception):
    """PDOK could not be reached or answered with something unusable; the message is Dutch."""


def items_url(base_url, level, year):
    query = urlencode({"f": "json", "limit": PAGE_SIZE, "jaarcode": year})
    return f"{base_url.rstrip('/')}/collections/{COLLECTIONS[level]}/items?{query}"


def download_division(base_url, level, year, progress=None):
    """One year's municipalities or regions from PDOK, checked like a file."""
    url = items_url(base_url, level, year)
    source = f"PDOK {COLLECTIONS[level]} {year}"
    features = []
    for _page in range(MAX_PAGES):
        document = _fetch(url, source)
        if not isinstance(document, dict) or not isinstance(document.get("features"), list):
            raise DownloadFailed(_failure(url, _("het antwoord is geen GeoJSON FeatureCollection")))
        page = document["features"]
        # A server that ignored jaarcode would mix years; keep only the one asked for.
        features.extend(
            feature for feature in page
            if not isinstance(feature, dict) or str((feature.get("properties") or {}).get("jaarcode", year)) == str(year)
        )
        if progress:
            progress.advance(len(page))
        url = _next_link(document, url)
        if url is None:
            break
    if not features:
        raise DownloadFailed(_failure(items_url(base_url, level, year), _("PDOK heeft geen gebiedsindeling voor %(year)s") % {"year": year}))
    try:
        return read_collection({"type": "FeatureCollection", "features": features}, source)
    except BoundaryFileError as error:
        raise DownloadFailed(_failure(items_url(base_url, level, year), str(error))) from None


def _next_link(document, current):
    for link in document.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            following = urljoin(current, link["href"])
            # Only follow pages of the same server: the setting says where the loket may go.
            if urlsplit(following)[:2] == urlsplit(current)[:2] and following != current:
                return following
    return None


def _fetch(url, source):
    request = urllib.request.Request(url, headers={"Accept": "application/geo+json, application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read()
    except urllib.error.HTTPError as error:
        raise DownloadFailed(_failure(url, _("de server antwoordde met HTTP %(status)s") % {"status": error.code})) from None
    except urllib.error.URLError as error:
        raise DownloadFailed(_failure(url, str(error.reason))) from None
    except (socket.timeout, TimeoutError):
        raise DownloadFailed(_failure(url, _("geen antwoord binnen %(seconds)s seconden") % {"seconds": TIMEOUT_SECONDS})) from None
    except (OSError, ValueError) as error:
        raise DownloadFailed(_failure(url, str(error))) from None
    try:
        return parse_json(data, source)
    except BoundaryFileError as error:
        raise DownloadFailed(_failure(url, str(error))) from None


def _failure(url, reason):
    return _(
        "Download mislukt: de grenzen kwamen niet binnen van %(url)s (%(reason)s); er is niets gewijzigd. "
        "Zonder internet: gebruik een bestand, bijvoorbeeld "
        "loket import-boundaries --year 2025 gemeente_2025.geojson arbeidsmarktregio_2025.geojson"
    ) % {"url": url, "reason": reason}

