UPDATE t SET u = -{id} WHERE u = {id} ;; UPDATE t SET u = {id} WHERE u = {id2} ;; UPDATE t SET u = {id2} WHERE u = -{id}
UPDATE t SET u = {id2} WHERE id = {id}
INSERT INTO t VALUES ({id}, {id2}, '{s}') ON DUPLICATE KEY UPDATE v = VALUES(v)
DELETE FROM t WHERE id = {id}
