UPDATE t SET p = POINT({n}, {id}) WHERE id = {id}
UPDATE t SET g = ST_GeomFromText('POINT(1.5 2.25)'), ls = NULL WHERE id = {id}
INSERT INTO t VALUES ({id}, POINT(0, 0), NULL, ST_GeomFromText('LINESTRING(1 1, 2 2, 3 3)')) ON DUPLICATE KEY UPDATE p = POINT(-1, -1)
DELETE FROM t WHERE id = {id}
