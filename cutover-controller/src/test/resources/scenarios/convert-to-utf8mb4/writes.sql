UPDATE t SET name = 'Ærøskøbing', note = CONCAT('{s}', ' ½') WHERE id = {id}
INSERT INTO t VALUES ({id}, 'naïve', NULL, 'abc') ON DUPLICATE KEY UPDATE code = 'x'
DELETE FROM t WHERE id = {id}
