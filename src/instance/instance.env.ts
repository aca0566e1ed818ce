import { IsOptional, IsString } from 'class-validator';

/** Platform variables App Service sets on every instance (and `SLOT_NAME`, a slot-sticky setting). */
export class InstanceEnvironment {
  @IsOptional() @IsString() WEBSITE_INSTANCE_ID?: string;
  @IsOptional() @IsString() WEBSITE_SITE_NAME?: string;
  @IsOptional() @IsString() WEBSITE_HOSTNAME?: string;
  @IsOptional() @IsString() WEBSITE_SLOT_NAME?: string;
  /** Set by our bicep as a slot-sticky app setting: `production` or `staging`. */
  @IsOptional() @IsString() SLOT_NAME?: string;
}
