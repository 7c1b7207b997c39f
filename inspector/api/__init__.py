"""The Metrifox API layer: plain Python (httpx + pydantic), no Qt. Could ship as its own library."""
