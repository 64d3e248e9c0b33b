"""Drawing the map: the folium map and payload, the standalone export, CSV and KML."""
