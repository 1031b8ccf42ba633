UPDATE t SET vc = CONCAT('{s}', '   '), c = 'pad  ', c4 = '{s} ✨' WHERE id = {id}
UPDATE t SET tx = REPEAT('{s}', 100), l1 = 'ñandú', u3 = 'žluťoučký' WHERE id = {id}
INSERT INTO t (id, vc, tt) VALUES ({id}, '', NULL) ON DUPLICATE KEY UPDATE mt = ''
DELETE FROM t WHERE id = {id}
