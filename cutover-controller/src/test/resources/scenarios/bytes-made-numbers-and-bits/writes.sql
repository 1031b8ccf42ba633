UPDATE t SET n = CONCAT({n} % 1000000), d = CONCAT('-', {n} % 1000, '.5'), b = CONCAT({n} % 65536) WHERE id = {id}
INSERT INTO t (id, n, d, b, keep) VALUES ({id}, '42', '0.25', '255', 'x') ON DUPLICATE KEY UPDATE n = NULL, b = '0'
DELETE FROM t WHERE id = {id}
