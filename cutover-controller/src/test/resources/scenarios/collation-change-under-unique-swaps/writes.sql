UPDATE t SET name = CONCAT('tmp', {id}) WHERE name = CONCAT('name', {id}) ;; UPDATE t SET name = CONCAT('name', {id}) WHERE name = CONCAT('name', {id2}) ;; UPDATE t SET name = CONCAT('name', {id2}) WHERE name = CONCAT('tmp', {id})
UPDATE t SET name = CONCAT('name', {id2}) WHERE id = {id}
UPDATE t SET v = {n} WHERE id = {id}
INSERT INTO t VALUES ({id}, CONCAT('name', {id2}), {n}) ON DUPLICATE KEY UPDATE v = VALUES(v)
DELETE FROM t WHERE id = {id}
