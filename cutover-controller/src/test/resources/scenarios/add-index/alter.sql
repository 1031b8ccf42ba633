ADD INDEX kc (k, c)
