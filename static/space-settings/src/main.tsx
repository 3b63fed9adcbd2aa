import '../../common/base.css';
import { mount } from '../../common/mount';
import { ReviewApp } from './Review';

mount(<ReviewApp />);
