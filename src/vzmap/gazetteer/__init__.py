"""The offline gazetteer: building it from registry data, its cached index, lookups."""
