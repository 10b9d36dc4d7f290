// The search of model versions, the same on the command line (roro versions --filter), in the UI and the API:
//   metrics.auc > 0.7 and params.max_depth = 3 and dataset = credit-data:v2 and created > 2026-12-01
// Parsed here and turned into a query by roro (VersionSearch), never passed to the store as the user wrote it.
grammar VersionQuery;

query      : condition (AND condition)* EOF ;
condition  : field=NAME comparator value ;
comparator : EQ | NE | GE | LE | GT | LT ;
value      : TIME | NUMBER | STRING | NAME ;

AND    : [aA] [nN] [dD] ;
EQ     : '=' '='? ;
NE     : '!=' ;
GE     : '>=' ;
LE     : '<=' ;
GT     : '>' ;
LT     : '<' ;
TIME   : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT
         ( [T ] DIGIT DIGIT ':' DIGIT DIGIT ( ':' DIGIT DIGIT ( '.' DIGIT+ )? )? ( 'Z' | [+-] DIGIT DIGIT ':' DIGIT DIGIT )? )? ;
NUMBER : '-'? DIGIT+ ( '.' DIGIT+ )? ( [eE] [+-]? DIGIT+ )? ;
NAME   : [a-zA-Z_] [a-zA-Z0-9_.:\-]* ;
STRING : '\'' ( ~['\\] | '\\' . )* '\'' | '"' ( ~["\\] | '\\' . )* '"' ;
WS     : [ \t\r\n]+ -> skip ;
ERROR  : . ;

fragment DIGIT : [0-9] ;
