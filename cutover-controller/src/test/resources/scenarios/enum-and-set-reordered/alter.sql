MODIFY e ENUM('large','medium','small','huge') NOT NULL DEFAULT 'small', MODIFY s SET('d','c','b','a','e')
