INSERT INTO t (id, v) VALUES ({id}, {n}) ON DUPLICATE KEY UPDATE v = VALUES(v)
UPDATE t SET ts = '0000-00-00 00:00:00', ts6 = NULL WHERE id = {id}
UPDATE t SET ts = '1970-01-01 00:00:01', ts6 = '0000-00-00 00:00:00' WHERE id = {id}
UPDATE t SET ts = NOW(), ts6 = NOW(6) WHERE id = {id}
DELETE FROM t WHERE id = {id}
