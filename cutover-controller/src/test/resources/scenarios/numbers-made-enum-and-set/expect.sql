SELECT COUNT(*) > 0 FROM t WHERE i = '' AND u = '' AND s = ''
