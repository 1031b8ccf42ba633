UPDATE t SET n = {n}, s = CAST({n} AS CHAR), f = {n} / 3 WHERE id = {id}
INSERT INTO t VALUES ({id}, -1, '-2.5', 1e-5) ON DUPLICATE KEY UPDATE n = NULL, s = ' 7.49 '
DELETE FROM t WHERE id = {id}
