"""Recognisers: organisers, activities, concepts, campaigns, regions, partners and standards in a notice."""
