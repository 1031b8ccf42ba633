MODIFY status ENUM('new','paid','shipped') NULL, MODIFY kind ENUM('SMALL','LARGE') NOT NULL DEFAULT 'SMALL', MODIFY note ENUM('small','large') NOT NULL DEFAULT 'small'
