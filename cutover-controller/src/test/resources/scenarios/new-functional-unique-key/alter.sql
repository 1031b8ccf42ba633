ADD UNIQUE INDEX c_lower ((LOWER(c)))
