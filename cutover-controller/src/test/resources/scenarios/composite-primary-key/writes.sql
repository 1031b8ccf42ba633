UPDATE t SET qty = qty + 1, label = '{s}' WHERE tenant = {id} % 7 AND id = {id}
INSERT INTO t VALUES ({id} % 7, {id}, {n}, '{s}') ON DUPLICATE KEY UPDATE qty = VALUES(qty)
DELETE FROM t WHERE tenant = {id} % 7 AND id = {id}
UPDATE t SET tenant = tenant + 7 WHERE tenant = {id} % 7 AND id = {id}
UPDATE t SET id = {id2} WHERE tenant = {id} % 7 AND id = {id}
