// facebook-nodejs-business-sdk ships no type declarations; the Meta fake's tests use it untyped.
declare module 'facebook-nodejs-business-sdk';
